import { mount } from 'svelte'
import App from './App.svelte'
import './app.css'

const target = document.getElementById('app')!
// A shop-floor TV opens /kiosk/<token> (the server answers the app for it): the kiosk screen alone, no shell, no login.
const kiosk = /^\/kiosk\/([^/]+)\/?$/.exec(location.pathname)
if (kiosk === null) mount(App, { target })
else void import('./boards/index.ts').then(({ KioskPage }) => mount(KioskPage, { target, props: { token: decodeURIComponent(kiosk[1]!) } }))
